/** Where every read-model answer stands: the asOf asked for ('live', a position or an instant) and the position it reflects. */
export interface AnswerPoint {
  readonly asOf: string;
  readonly position: string;
}
