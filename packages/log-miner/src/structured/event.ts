/**
 * A record's event: a key kept as it is, which leads the template as one token (so the prefix tree
 * keeps structures apart), then the message and the rest of the text for the miner to template.
 */
export interface EventText {
  key?: string;
  message?: string;
  text: string;
}
