/**
 * The one HTTP layer of daxseal's two APIs (the coordinator's and the agent daemon's):
 * {@link io.daxseal.http.JsonHttpServer} (routing with {@code {name}} segments, 405 for a wrong
 * method, 404 listing the routes), {@link io.daxseal.http.Request} and
 * {@link io.daxseal.http.JsonBody} (bodies of at most 64 KiB, strict JSON: no duplicate keys, no
 * trailing text; numbers that never wrap), one error body {@code {"error","field","message"}}
 * ({@link io.daxseal.http.HttpApiException}), the JSON mapper ({@link io.daxseal.http.Json}) and
 * the client the command line uses ({@link io.daxseal.http.ApiClient}).
 */
package io.daxseal.http;
