import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createOutbox } from './outbox';

export interface MailMessage {
	to: string;
	subject: string;
	text: string;
	/** The one link the message is about; printed in the log when mail goes to the outbox. */
	link?: string;
}

/**
 * Outgoing mail through nodemailer: to SMTP_URL when set, otherwise rendered by nodemailer's stream
 * transport into the outbox under DATA_DIR, with the link logged so a one-box Shoal works without a
 * mail server.
 *
 * `send` never throws: a person's request must not fail (or answer differently) because a mail
 * server is down; the failure is logged. `dispatch` starts a send without waiting for it, so answers
 * take the same time whether or not a message goes out; `idle` waits for those (tests, shutdown).
 */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'outboxDir'>, logger: Logger) {
	const outbox = config.smtpUrl ? null : createOutbox(config.outboxDir);
	const transport = config.smtpUrl
		? nodemailer.createTransport(config.smtpUrl)
		: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
	const inFlight = new Set<Promise<void>>();

	async function send(message: MailMessage): Promise<boolean> {
		try {
			const info = await transport.sendMail({
				from: config.mailFrom,
				to: message.to,
				subject: message.subject,
				text: message.text
			});
			if (outbox) {
				const file = await outbox.write(info.message as Buffer);
				logger.info(
					{ to: message.to, subject: message.subject, link: message.link, file },
					'mail written to the outbox (no SMTP_URL set)'
				);
			} else {
				logger.info({ subject: message.subject, messageId: info.messageId }, 'mail sent');
			}
			return true;
		} catch (error) {
			logger.error({ err: error, subject: message.subject }, 'could not send mail');
			return false;
		}
	}

	return {
		/** Where mail goes: 'smtp' or the outbox directory. */
		destination: outbox ? outbox.dir : 'smtp',
		send,
		dispatch(message: MailMessage): void {
			const sending = send(message).then(() => undefined);
			inFlight.add(sending);
			void sending.finally(() => inFlight.delete(sending));
		},
		async idle(): Promise<void> {
			while (inFlight.size > 0) await Promise.all([...inFlight]);
		}
	};
}

export type Mailer = ReturnType<typeof createMailer>;
