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

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    // No cookies: the customer's only credential is the chat token in the path.
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
  let json: unknown;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = (json as { error?: { message?: string } } | undefined)?.error;
    throw new ChatError(res.status, err?.message ?? `Something went wrong (${res.status}).`);
  }
  return json as T;
}

export const getJson = <T>(path: string) => call<T>("GET", path);
export const postJson = <T>(path: string, body: unknown) => call<T>("POST", path, body);
