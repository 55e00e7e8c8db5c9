/**
 * The one error type of standin. Every failure a user can cause carries a stable `code`
 * (for programs), an HTTP `status` (for the server) and a `message` that says what to change
 * (for people). The HTTP layer maps it to a response; the CLI prints it and exits non-zero.
 */

/** Stable error codes and the HTTP status each one maps to. */
export const ERROR_STATUS = {
  bad_path: 400,
  bad_size: 400,
  size_out_of_range: 400,
  area_too_large: 400,
  bad_scale: 400,
  unknown_format: 400,
  conflicting_format: 400,
  bad_colour: 400,
  unknown_font: 400,
  text_too_long: 400,
  bad_query: 400,
  // A request HTTP itself cannot read (a broken request line, a bad header).
  bad_request: 400,
  method_not_allowed: 405,
  not_found: 404,
  // A bad sealed token is simply not found: the answer says nothing about why.
  bad_token: 404,
  bad_signature: 403,
  request_timeout: 408,
  uri_too_long: 414,
  headers_too_large: 431,
  rate_limited: 429,
  // nginx's code for a request the client closed first; nobody receives it.
  cancelled: 499,
  internal: 500,
  busy: 503,
  render_timeout: 503,
  // The operator's mistakes, found before serving: never sent to a client.
  bad_config: 500,
  bad_key: 500,
  missing_key: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class StandinError extends Error {
  override readonly name: string = 'StandinError';
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = ERROR_STATUS[code];
  }
}

/** A setting (an environment variable, a CLI flag) with a value standin cannot use. */
export class ConfigError extends StandinError {
  override readonly name: string = 'ConfigError';
  constructor(message: string) {
    super('bad_config', message);
  }
}

/** Does `read` accept its input, without a StandinError? (For "is this a colour / a font".) */
export function accepts(read: () => unknown): boolean {
  try {
    read();
    return true;
  } catch (error) {
    if (error instanceof StandinError) return false;
    throw error;
  }
}

/** Quote a piece of user input for an error message: shortened, with control characters escaped. */
export function quote(input: string, max = 40): string {
  const short = input.length > max ? `${input.slice(0, max)}…` : input;
  return JSON.stringify(short);
}
