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
		/** adapter-node passes the Node request (its socket's address is the real client, or the proxy). */
		interface Platform {
			req?: import('node:http').IncomingMessage;
		}
	}
}

export {};
