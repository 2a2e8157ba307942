/**
 * Spreadsheet formula injection. A CSV cell starting with = + - @, a tab or a carriage return
 * is run as a formula by Excel, LibreOffice and Google Sheets, so text that a visitor could
 * have typed (a name on a form, say) could call out to the network or another program when
 * someone opens the export. Such cells get a leading apostrophe, which spreadsheets show as
 * text and hide. So that our own import gives back the same value, the rule is reversible:
 * a value that already starts with apostrophes before one of those characters gets one more,
 * and the import takes exactly one off (`unescapeFormula`).
 */
const ESCAPED = /^'*[=+\-@\t\r]/;

export function escapeFormula(value: string): string {
  return ESCAPED.test(value) ? `'${value}` : value;
}

/** What the import applies to a cell of a text field: the inverse of escapeFormula. */
export function unescapeFormula(value: string): string {
  return value.startsWith("'") && ESCAPED.test(value.slice(1)) ? value.slice(1) : value;
}
