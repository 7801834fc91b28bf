/** A failed chat call, in words for the customer. */
export class ChatError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ChatError";
  }
}

async function call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token !== null) headers["authorization"] = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
    });
  } catch {
    throw new ChatError(0, "You seem to be offline. We will keep trying.");
  }
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ChatError(res.status, err?.message ?? `Something went wrong (${res.status}).`);
  }
  return json as T;
}

/** GET with the customer's chat token (never the staff session cookie). */
export const getJsonWithToken = <T>(path: string, token: string) => call<T>("GET", path, token);
/** POST with the customer's chat token, or none when starting a chat. */
export const postJsonWithToken = <T>(path: string, token: string | null, body: unknown) =>
  call<T>("POST", path, token, body);
