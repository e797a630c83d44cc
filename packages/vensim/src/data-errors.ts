import { StockflowError } from '@stockflow/model'

/**
 * A data file a `GET DIRECT ...`/`GET XLS ...` call names cannot give what the call asks for: the path
 * leaves the model's folder, the file is missing or unreadable, a tab, cell or name is not there, a
 * value is not a number. The message is one line naming the file and what to do, without a position:
 * the translator catches this class and reports it at the call (`file:line:column: "Variable": ...`).
 */
export class DataFileError extends StockflowError {
  constructor(
    message: string,
    /** The data file as the model names it. */
    readonly file: string,
  ) {
    super(message)
  }
}
