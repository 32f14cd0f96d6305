import { InvalidInputError, unreadableText } from '@pp/core';

/** Where a page ended: the footprint of its last row and that row's sort key. */
export interface Position {
  footprint: string;
  key: string[];
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.footprint, ...position.key])).toString('base64url');
}

export function decodeCursor(cursor: string, keyLength: number): Position {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (Array.isArray(parts) && parts.length === keyLength + 1 && parts.every((part) => typeof part === 'string' && unreadableText(part) === null)) {
      const [footprint, ...key] = parts as string[];
      return { footprint: footprint!, key };
    }
  } catch {
    // fall through to the error below
  }
  throw malformedCursor();
}

export function malformedCursor(): InvalidInputError {
  return new InvalidInputError('cursor is not a cursor this endpoint issued for this sort', [{ field: 'cursor', problem: 'is malformed' }]);
}
