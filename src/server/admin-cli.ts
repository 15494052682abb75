import { createUserRepository } from '../lib/server/accounts/user-repository';
import { createDb, migrateDb } from '../lib/server/db';
import { configOrExit } from './main';

/** `npm run admin -- grant <email>` / `npm run admin -- revoke <email>` */
const [command, rawEmail] = process.argv.slice(2);
if ((command !== 'grant' && command !== 'revoke') || !rawEmail) {
	console.error('Usage: npm run admin -- grant <email>   (or: revoke <email>)');
	process.exit(2);
}
const config = configOrExit(process.env);
const handle = createDb(config.databasePath);
migrateDb(handle);
const email = rawEmail.trim().toLowerCase();
const changed = createUserRepository(handle.db).setAdmin(email, command === 'grant');
handle.close();
if (!changed) {
	console.error(`No account with the email ${email}. The person must sign up first.`);
	process.exit(1);
}
console.log(command === 'grant' ? `${email} is now an admin.` : `${email} is no longer an admin.`);
