import { defineConfig } from 'drizzle-kit';

// Run with `npm run db:generate` from the project root after changing src/lib/server/db/schema.
export default defineConfig({
	dialect: 'sqlite',
	schema: './src/lib/server/db/schema/index.ts',
	out: './drizzle',
	casing: 'snake_case'
});
