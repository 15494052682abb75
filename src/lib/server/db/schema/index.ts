export * from './accounts';
export * from './artists';
export * from './system';
export * from './jobs';
export * from './catalog';
export * from './listening';
export * from './downloads';
