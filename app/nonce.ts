import { createContext, useContext } from "react";

/** The Content-Security-Policy nonce of this response; the browser never needs it, so it is "" there. */
export const NonceContext = createContext("");

export function useNonce(): string {
  return useContext(NonceContext);
}
