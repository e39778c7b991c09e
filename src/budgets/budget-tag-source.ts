/** Which cost-allocation tags a budget filters on. */
export enum BudgetTagSource {
  /** The resource tags of inference profiles and projects (`user:<key>` in Budgets' cost filters). */
  PROFILE_TAGS = 'PROFILE_TAGS',
  /**
   * The tags of the IAM principals that call Bedrock (`iamPrincipal/<key>`): AWS Budgets filters
   * them with a FilterExpression on that key.
   */
  PRINCIPAL_TAGS = 'PRINCIPAL_TAGS',
}
