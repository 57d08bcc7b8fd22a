// Errors the CLI shows as one line: bad arguments exit 2, failures while running exit 1.

export class UsageError extends Error {}
