import fs from 'node:fs';
import { createAccountService } from './accounts/account-service';
import { createUserRepository } from './accounts/user-repository';
import { createMailLimits, MAIL_LIMITS } from './accounts/mail-limits';
import { createRecoveryRepository } from './accounts/recovery-repository';
import { createRecoveryService } from './accounts/recovery-service';
import { createRegistrationService } from './accounts/registration-service';
import { createMailer, type Mailer } from './mail/mailer';
import { createListenerProfileRepository } from './profiles/listener-profile-repository';
import { createListenerProfileService } from './profiles/listener-profile-service';
import { createProfileImageRepository } from './profiles/profile-image-repository';
import { createProfileImageService } from './profiles/profile-image-service';
import { createArtistRepository } from './artists/artist-repository';
import { createArtistService } from './artists/artist-service';
import { createSessionRepository } from './auth/session-repository';
import { createCatalogService } from './catalog/catalog-service';
import { createDownloadRepository } from './downloads/download-repository';
import { createDownloadService, type DownloadService } from './downloads/download-service';
import { createCreditsRepository } from './catalog/credits-repository';
import { createCreditsService } from './catalog/credits-service';
import { createReleaseRepository } from './catalog/release-repository';
import { createTrackRepository } from './catalog/track-repository';
import { createJobQueue } from './jobs/job-queue';
import { createJobRepository } from './jobs/job-repository';
import { createPlayService } from './listen/play-service';
import { createPlaysRepository } from './listen/plays-repository';
import type { JobQueue } from './jobs/types';
import { createMediaAccess, type MediaAccess } from './media/media-access';
import { createMediaAccessRepository } from './media/media-access-repository';
import { createMediaStore, type MediaStore } from './media/media-store';
import { createMediaUrls, type MediaUrls } from './media/media-urls';
import { createSessionService } from './auth/session-service';
import { createThrottle, type ThrottleLimits } from './auth/throttle';
import { systemClock, type Clock } from './clock';
import { loadConfig, type Config } from './config';
import { createDb, migrateDb, type DbHandle } from './db';
import { createPublicCatalogRepository } from './listen/public-catalog-repository';
import { createPublicCatalogService } from './listen/public-catalog-service';
import { createLogger, type Logger } from './logger';
import { revocationsFor, type RealtimeServer } from './realtime/realtime-server';
import { createSearchRepository } from './search/search-repository';
import { createSearchService, type SearchService } from './search/search-service';
import { createHealthService } from './system/health-service';
import { createHeartbeatRepository } from './system/heartbeat-repository';
import { createSettingsRepository, type SettingsRepository } from './system/settings-repository';
import { loadOrCreateSecrets, type Secrets } from './system/secrets';

/**
 * Everything a Shoal server process holds: config, logger, database and the services built on them.
 * The production entry (or the dev Vite plugin) creates it once and installs it on globalThis, because
 * SvelteKit's bundle and the Socket.IO side load separate copies of these modules but must share one
 * database connection and one Socket.IO server.
 */
export interface AppContext {
	config: Config;
	logger: Logger;
	clock: Clock;
	dbHandle: DbHandle;
	secrets: Secrets;
	realtime: { io?: RealtimeServer };
	repositories: {
		users: ReturnType<typeof createUserRepository>;
		heartbeats: ReturnType<typeof createHeartbeatRepository>;
		artists: ReturnType<typeof createArtistRepository>;
		tracks: ReturnType<typeof createTrackRepository>;
		releases: ReturnType<typeof createReleaseRepository>;
		settings: SettingsRepository;
	};
	store: MediaStore;
	mediaUrls: MediaUrls;
	/** Who may fetch which media files; the playable view of a track. */
	mediaAccess: MediaAccess;
	jobs: JobQueue;
	catalog: ReturnType<typeof createCatalogService>;
	/** A track's own artists, credits by role and lyrics (the studio's side). */
	credits: ReturnType<typeof createCreditsService>;
	/** The listener's read side: home, artist, release, track and tag pages. */
	publicCatalog: ReturnType<typeof createPublicCatalogService>;
	sessions: ReturnType<typeof createSessionService>;
	accounts: ReturnType<typeof createAccountService>;
	/** Outgoing mail (SMTP_URL, or the outbox under DATA_DIR). */
	mailer: Mailer;
	/** Password reset and email change by one-time links. */
	recovery: ReturnType<typeof createRecoveryService>;
	/** Sign-up by a mailed link, never telling whether an address has an account. */
	registration: ReturnType<typeof createRegistrationService>;
	/** Avatars and banners (uploaded, sized by the media worker). */
	profileImages: ReturnType<typeof createProfileImageService>;
	/** The listener's display name, bio and avatar. */
	listenerProfile: ReturnType<typeof createListenerProfileService>;
	artists: ReturnType<typeof createArtistService>;
	health: ReturnType<typeof createHealthService>;
	plays: ReturnType<typeof createPlayService>;
	search: SearchService;
	/** Release downloads: settings, builds, the streamed ZIP. */
	downloads: DownloadService;
	close(): void;
}

export function createAppContext(
	config: Config,
	options: { clock?: Clock; logger?: Logger; throttleLimits?: ThrottleLimits } = {}
): AppContext {
	const clock = options.clock ?? systemClock;
	const logger = options.logger ?? createLogger(config);
	fs.mkdirSync(config.dataDir, { recursive: true });
	fs.mkdirSync(config.mediaDir, { recursive: true });
	const secrets = loadOrCreateSecrets(config.dataDir);
	const dbHandle = createDb(config.databasePath);
	migrateDb(dbHandle);
	const { db } = dbHandle;

	const realtime: AppContext['realtime'] = {};
	const users = createUserRepository(db);
	const heartbeats = createHeartbeatRepository(db);
	const sessions = createSessionService({
		repo: createSessionRepository(db),
		clock,
		revocations: revocationsFor(() => realtime.io)
	});
	const throttle = createThrottle(db, clock, options.throttleLimits);
	const artistRepository = createArtistRepository(db);
	const tracks = createTrackRepository(db);
	const releases = createReleaseRepository(db);
	const store = createMediaStore(config.mediaDir);
	const jobs = createJobQueue({ repo: createJobRepository(db), clock });
	const mediaUrls = createMediaUrls(secrets.mediaSigningKey, clock);
	const creditsRepository = createCreditsRepository(db);
	const catalog = createCatalogService({
		db,
		releases,
		tracks,
		artists: artistRepository,
		jobs,
		store,
		clock,
		limits: { maxUploadBytes: config.maxUploadBytes, artistQuotaBytes: config.artistQuotaBytes }
	});
	const publicCatalog = createPublicCatalogService({
		repo: createPublicCatalogRepository(db),
		releases,
		credits: creditsRepository,
		mediaUrls,
		clock
	});
	const accounts = createAccountService({
		users,
		sessions,
		throttle,
		clock,
		handleOf: (userId) => artistRepository.findByUserId(userId)?.handle ?? null
	});
	const mailer = createMailer(config, logger);
	const recoveryRepo = createRecoveryRepository(db);
	const mailLimits = createMailLimits(recoveryRepo, clock, {
		...MAIL_LIMITS,
		perIp: config.mailPerIpPerHour
	});
	const profileImageRepo = createProfileImageRepository(db);
	const profileImages = createProfileImageService({
		db,
		repo: profileImageRepo,
		artists: artistRepository,
		jobs,
		store,
		mediaUrls
	});
	const linkDeps = {
		repo: recoveryRepo,
		users,
		sessions,
		mailer,
		limits: mailLimits,
		clock,
		origin: config.origin
	};
	return {
		config,
		logger,
		clock,
		dbHandle,
		secrets,
		realtime,
		repositories: {
			users,
			heartbeats,
			artists: artistRepository,
			tracks,
			releases,
			settings: createSettingsRepository(db)
		},
		store,
		mediaUrls,
		mediaAccess: createMediaAccess({
			repo: createMediaAccessRepository(db),
			clock,
			mediaUrls,
			profileImages: profileImageRepo
		}),
		jobs,
		catalog,
		credits: createCreditsService({ db, credits: creditsRepository, catalog, clock }),
		publicCatalog,
		sessions,
		accounts,
		mailer,
		recovery: createRecoveryService({ ...linkDeps, confirmPassword: accounts.confirmPassword }),
		registration: createRegistrationService(linkDeps),
		profileImages,
		listenerProfile: createListenerProfileService({
			repo: createListenerProfileRepository(db),
			images: profileImages
		}),
		artists: createArtistService({ artists: artistRepository, clock, releases }),
		health: createHealthService({
			db,
			heartbeats,
			clock,
			dataDir: config.dataDir,
			workerStaleSeconds: config.workerStaleSeconds,
			minFreeDiskMb: config.minFreeDiskMb,
			workerSupervised: config.workerMode === 'on'
		}),
		plays: createPlayService({ repo: createPlaysRepository(db), clock }),
		search: createSearchService({ repo: createSearchRepository(db), clock, mediaUrls }),
		downloads: createDownloadService({
			repo: createDownloadRepository(db),
			jobs,
			store,
			clock,
			origin: config.origin,
			// The existing rules, asked as they are (they move to auth/policy.ts with the policy work).
			visibility: (releaseId, viewer) => {
				const page = publicCatalog.releasePage(releaseId, viewer);
				return { isPublic: page.visibility.state === 'public', canEdit: page.canEdit };
			},
			assertOwner: (actor, releaseId) => void catalog.releaseForOwner(actor, releaseId)
		}),
		close: () => dbHandle.close()
	};
}

const CONTEXT_KEY = Symbol.for('shoal.app-context');
type GlobalWithContext = typeof globalThis & { [CONTEXT_KEY]?: AppContext };

export function installAppContext(context: AppContext): AppContext {
	(globalThis as GlobalWithContext)[CONTEXT_KEY] = context;
	return context;
}

/** The installed context; created from the environment when SvelteKit runs without Shoal's entry. */
export function getAppContext(): AppContext {
	const existing = (globalThis as GlobalWithContext)[CONTEXT_KEY];
	return existing ?? installAppContext(createAppContext(loadConfig(process.env)));
}

export function uninstallAppContext(): void {
	delete (globalThis as GlobalWithContext)[CONTEXT_KEY];
}
