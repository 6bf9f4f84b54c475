// The words of the management pages and the supervisor's review, registered
// when this loads: every page App.tsx loads on demand imports it, so they ride
// with the back office's chunks instead of the counter's first download.
import './admin-strings.ts';
import './review-strings.ts';
