import { COUNTRIES } from '../../../../fields/countries';

/** Choices for the picker fields; the server validates with the same lists (src/fields). */
export const COUNTRY_CHOICES: readonly string[] = COUNTRIES.map((c) => c.name);

export const TIMEZONE_CHOICES: readonly string[] = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];

const LOCALE_CODES = [
  'ar_AE', 'ar_EG', 'ar_SA', 'bg_BG', 'ca_ES', 'cs_CZ', 'da_DK', 'de_AT', 'de_CH', 'de_DE', 'el_GR', 'en_AU', 'en_CA',
  'en_GB', 'en_IE', 'en_IN', 'en_NZ', 'en_US', 'en_ZA', 'es_AR', 'es_CO', 'es_ES', 'es_MX', 'et_EE', 'fa_IR', 'fi_FI',
  'fr_BE', 'fr_CA', 'fr_CH', 'fr_FR', 'he_IL', 'hi_IN', 'hr_HR', 'hu_HU', 'id_ID', 'is_IS', 'it_CH', 'it_IT', 'ja_JP',
  'ko_KR', 'lt_LT', 'lv_LV', 'ms_MY', 'nb_NO', 'nl_BE', 'nl_NL', 'pl_PL', 'pt_BR', 'pt_PT', 'ro_RO', 'ru_RU', 'sk_SK',
  'sl_SI', 'sr_RS', 'sv_SE', 'th_TH', 'tr_TR', 'uk_UA', 'vi_VN', 'zh_CN', 'zh_HK', 'zh_TW',
];

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

export function localeLabel(code: string): string {
  try {
    return `${languageNames.of(code.replace(/_/g, '-')) ?? code} (${code})`;
  } catch {
    return code;
  }
}

export const LOCALE_CHOICES: readonly { value: string; label: string }[] = LOCALE_CODES
  .map((value) => ({ value, label: localeLabel(value) }))
  .sort((a, b) => a.label.localeCompare(b.label));
