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

/** What a password must not contain: the person's own details. */
export interface PasswordContext {
	email?: string;
	displayName?: string;
	handle?: string | null;
}

/** Letters and digits only, folded: "Tidal Pools" and "tidal-pools" both become "tidalpools". */
function squash(text: string): string {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]/gu, '');
}

/** Parts shorter than this are ignored; parts up to SHORT_PART must stand as their own word. */
const MIN_PART = 3;
const SHORT_PART = 4;

/**
 * Whether `password` contains `part` (case- and punctuation-insensitive). A short part ("Ann") counts
 * only as a word of its own, so "ann1990" is refused but "my banner is blue" is not.
 */
function containsPart(password: string, part: string): boolean {
	const needle = squash(part);
	if (needle.length < MIN_PART) return false;
	if (needle.length > SHORT_PART) return squash(password).includes(needle);
	const words = password
		.normalize('NFKC')
		.toLowerCase()
		.split(/[^\p{L}]+/u);
	return words.includes(needle);
}

/**
 * OWASP ASVS: length is what matters (8+, long passphrases welcome), no composition rules, the most
 * common passwords are refused, and so are passwords built from the account's own details (the email's
 * local part, the display name, the artist handle). Returns a message for people, or null when fine.
 * Used by sign-up and by change password.
 */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
	if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
	if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
	if (isCommonPassword(password)) return 'This password is one of the most common ones. Choose another.';
	const localPart = context.email?.split('@')[0];
	if (localPart && containsPart(password, localPart))
		return 'Your password must not contain your email address.';
	if (context.displayName && containsPart(password, context.displayName))
		return 'Your password must not contain your display name.';
	if (context.handle && containsPart(password, context.handle))
		return 'Your password must not contain your artist handle.';
	return null;
}
