import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { ServiceError } from '../errors';

/**
 * argon2id with OWASP's minimum parameters (19 MiB, t=2, p=1). Each hash holds ~19 MiB while it runs,
 * so at most MAX_CONCURRENT_HASHES run at once and at most MAX_QUEUED wait; past that we answer "busy"
 * rather than let a burst of sign-ins exhaust memory.
 */
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which isolated modules cannot import)
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };
const MAX_CONCURRENT_HASHES = 2;
const MAX_QUEUED = 64;

let running = 0;
const waiting: Array<() => void> = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
	if (running >= MAX_CONCURRENT_HASHES) {
		if (waiting.length >= MAX_QUEUED) {
			throw new ServiceError('busy', 'Shoal is very busy right now. Please try again in a moment.');
		}
		await new Promise<void>((resolve) => waiting.push(resolve));
	}
	running++;
	try {
		return await work();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

export function hashPassword(password: string): Promise<string> {
	return withHashSlot(() => hash(password, ARGON2_OPTIONS));
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	return withHashSlot(async () => {
		try {
			return await verify(passwordHash, password);
		} catch {
			return false;
		}
	});
}

/** A real argon2id hash of a random string: verifying against it costs what a real check costs. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
	dummyHash ??= hashPassword(crypto.randomUUID());
	return dummyHash;
}

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

let commonPasswords: Set<string> | undefined;
function isCommonPassword(password: string): boolean {
	commonPasswords ??= new Set(
		dictionary['passwords-common'].filter((p) => p.length >= PASSWORD_MIN_LENGTH).map((p) => p.toLowerCase())
	);
	return commonPasswords.has(password.toLowerCase());
}

/**
 * OWASP ASVS: length is what matters (8+, long passphrases welcome), no composition rules,
 * and the most common passwords are refused. Returns a message for people, or null when fine.
 */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
	if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
	if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
	if (isCommonPassword(password)) return 'This password is one of the most common ones. Choose another.';
	if (context.email && password.toLowerCase() === context.email.toLowerCase()) {
		return 'Your password must not be your email address.';
	}
	return null;
}
