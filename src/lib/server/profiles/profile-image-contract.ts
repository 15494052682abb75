import type { ProfileImageTarget } from './profile-image-repository';

/**
 * The profile-image job's contract, shared by the web side (which enqueues) and the media worker
 * (which sizes the avatar or banner): the worker imports this, never the web service.
 */
export const PROFILE_IMAGE_JOB = 'profile-image';
export type ProfileImagePayload = ProfileImageTarget;
