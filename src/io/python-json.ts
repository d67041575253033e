/**
 * Parses JSON written by Python's `json` module, which writes the non-standard tokens `NaN`,
 * `Infinity` and `-Infinity` (Minari's metadata.json holds Box bounds such as `-Infinity`).
 * Outside strings they become `null`, `Infinity` and `-Infinity`; everything else is `JSON.parse`.
 *
 * @throws SyntaxError as `JSON.parse` does.
 * @example
 * ```ts
 * parsePythonJson('{"low": [-Infinity, 0]}'); // { low: [-Infinity, 0] }
 * ```
 * @internal
 */
export function parsePythonJson(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
    } else if (text.startsWith('NaN', i)) {
      out += 'null';
      i += 2;
    } else if (text.startsWith('-Infinity', i)) {
      out += '-1e999'; // JSON.parse reads a number beyond float64 as ±Infinity
      i += 8;
    } else if (text.startsWith('Infinity', i)) {
      out += '1e999';
      i += 7;
    } else {
      out += ch;
    }
  }
  return JSON.parse(out);
}

/**
 * Writes JSON as Python's `json.dumps` does for non-finite numbers (`Infinity`, `-Infinity`,
 * `NaN`), which Python reads back; `JSON.stringify` would write `null`.
 *
 * @example
 * ```ts
 * stringifyPythonJson({ low: [-Infinity] }); // '{"low": [-Infinity]}'
 * ```
 * @internal
 */
export function stringifyPythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (value === Infinity) return 'Infinity';
    if (value === -Infinity) return '-Infinity';
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stringifyPythonJson).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${stringifyPythonJson(v)}`).join(', ')}}`;
  }
  throw new TypeError(`stringifyPythonJson: cannot write a ${typeof value}`);
}
