/** Dialog ids are stored in conversation state: renaming one strands conversations that are waiting in it. */
export const ROOT_DIALOG = 'donghanh.root';
export const ROUTE_WATERFALL = 'donghanh.route';
export const CLARIFY_DIALOG = 'donghanh.clarify';
/** Reserved for the escalation issue: the dialog that forwards a question to the commune police. */
export const FORWARD_DIALOG = 'donghanh.forward';
