import { createContext, useContext, type ReactNode } from "react";

// Browsers hide the nonce attribute from scripts, so on the client this is "" and React keeps the server's value.
const NonceContext = createContext("");

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return <NonceContext.Provider value={value}>{children}</NonceContext.Provider>;
}

export const useNonce = () => useContext(NonceContext);
