/*
 * "Chrome on Linux": a user agent in words, so a person can tell their sessions apart on the
 * Account page. A few dozen lines rather than a library: only the browser family and the
 * operating system are wanted (no versions, devices or engines), the well-kept parsers are large
 * for that (and ua-parser-js is AGPL from version 2), and a wrong guess costs little since the
 * full user agent is shown beside it. Order matters: most browsers also claim to be the ones
 * they derive from (Edge says Chrome and Safari; Chrome says Safari).
 */

const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\b(?:OPR|OPX|Opera)\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bVivaldi\//, "Vivaldi"],
  [/\bYaBrowser\//, "Yandex Browser"],
  [/\b(?:Firefox|FxiOS)\//, "Firefox"],
  [/\bHeadlessChrome\//, "Headless Chrome"],
  [/\bCriOS\//, "Chrome"],
  [/\bChromium\//, "Chromium"],
  [/\bChrome\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/\bMobile\/\w+.*\bSafari\//, "Safari"],
  [/\bMSIE \d|\bTrident\//, "Internet Explorer"],
];

const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/\bWindows\b/, "Windows"],
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b|\bX11\b/, "Linux"],
];

/** Command-line clients and libraries, named by their product token ("curl/8.5.0" → "curl"). */
const TOOLS = /^(curl|Wget|PostmanRuntime|python-requests|node-fetch|undici|okhttp|Go-http-client|axios)\b/i;

/** A short description of a browser and system from a user agent; "Unknown browser" when unsure. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  const ua = userAgent?.trim() ?? "";
  if (ua === "") return "Unknown browser";
  const tool = TOOLS.exec(ua);
  if (tool?.[1] !== undefined) return tool[1];
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser !== undefined && system !== undefined) return `${browser} on ${system}`;
  if (browser !== undefined) return browser;
  if (system !== undefined) return `A browser on ${system}`;
  return "Unknown browser";
}
