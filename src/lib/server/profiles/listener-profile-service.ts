import { listenerProfileSchema } from '../../shared/schemas/account';
import { ServiceError } from '../errors';
import { parseInput } from '../validation';
import type { ListenerProfileRepository } from './listener-profile-repository';
import type { ProfileImageService, ProfileImageState } from './profile-image-service';

export interface ListenerProfile {
	displayName: string;
	bio: string;
	avatar: ProfileImageState;
}

/** A listener's own profile: display name, plain-text bio and avatar. Only they change it. */
export function createListenerProfileService(deps: {
	repo: ListenerProfileRepository;
	images: ProfileImageService;
}) {
	const { repo, images } = deps;
	return {
		view(userId: string): ListenerProfile {
			const row = repo.find(userId);
			if (!row) throw new ServiceError('unauthenticated', 'Please sign in again.');
			return { ...row, avatar: images.state({ owner: 'user', ownerId: userId, slot: 'avatar' }) };
		},

		update(userId: string, raw: unknown): { displayName: string; bio: string } {
			const input = parseInput(listenerProfileSchema, raw);
			if (!repo.find(userId)) throw new ServiceError('unauthenticated', 'Please sign in again.');
			repo.update(userId, input);
			return input;
		}
	};
}

export type ListenerProfileService = ReturnType<typeof createListenerProfileService>;
