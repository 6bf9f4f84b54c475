// Where a producer opens a statement shared with them: /nota/<token>. Apart
// from the statement's schemas so the counter's first load can tell the page
// by its path without carrying them.
export const STATEMENT_PAGE_PREFIX = '/nota/';
