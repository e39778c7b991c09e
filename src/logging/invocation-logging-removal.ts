/** What deleting the logging construct (or its stack) does to the account's configuration. */
export enum InvocationLoggingRemoval {
  /**
   * Put back the configuration this stack replaced when it took over; without one, delete
   * the configuration (logging off).
   */
  RESTORE_PREVIOUS = 'RESTORE_PREVIOUS',
  /** Delete the configuration: model invocation logging is off in the account and Region. */
  DELETE = 'DELETE',
  /** Leave the configuration in place (it keeps delivering to the retained log group). */
  RETAIN = 'RETAIN',
}
