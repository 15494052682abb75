import type { Licence } from './catalog';

const CC_DEEDS: Partial<Record<Licence, string>> = {
	'cc-by': 'https://creativecommons.org/licenses/by/4.0/',
	'cc-by-sa': 'https://creativecommons.org/licenses/by-sa/4.0/',
	'cc-by-nd': 'https://creativecommons.org/licenses/by-nd/4.0/',
	'cc-by-nc': 'https://creativecommons.org/licenses/by-nc/4.0/',
	'cc-by-nc-sa': 'https://creativecommons.org/licenses/by-nc-sa/4.0/',
	'cc-by-nc-nd': 'https://creativecommons.org/licenses/by-nc-nd/4.0/',
	cc0: 'https://creativecommons.org/publicdomain/zero/1.0/'
};

/** The Creative Commons deed a listener can read, or null for "all rights reserved". */
export function licenceDeedUrl(licence: Licence): string | null {
	return CC_DEEDS[licence] ?? null;
}
