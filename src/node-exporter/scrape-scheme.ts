/**
 * How Prometheus talks to a scrape target.
 */
export enum ScrapeScheme {
  /** Plain HTTP. */
  HTTP = 'http',
  /** HTTP over TLS. */
  HTTPS = 'https',
}
