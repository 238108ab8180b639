/** The company does not exist in this tenant; the API answers 404 COMPANY_NOT_FOUND. */
export class CompanyNotFoundError extends Error {
  override name = 'CompanyNotFoundError';
  constructor() {
    super('company not found in this tenant');
  }
}
