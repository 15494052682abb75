import type { SessionUser } from '$lib/server/auth/session-service';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			sessionId: string | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
