/** A document that cannot be read as what the caller asked for; the message says what was expected. */
export class ExtractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExtractError";
  }
}
