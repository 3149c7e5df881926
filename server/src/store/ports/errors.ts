/** Errors every repository may raise. */
export class DuplicateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DuplicateError';
  }
}

/** A referenced record (conversation, member, user) does not exist. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** Conversations v2: the user is not (or no longer) a member of the conversation. */
export class NotMemberError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotMemberError';
  }
}
