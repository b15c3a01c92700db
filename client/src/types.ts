// What the API sends, as one type each in shared/ (built by the server's views): the client imports no server code.
export type { InterpreterView } from '../../shared/interpreter-view';
export type { RequestView } from '../../shared/request-view';
