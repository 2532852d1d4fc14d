import { useEffect, useState } from "react";

/** Set once React has taken over the page in the browser; never on the server. */
let hydrated = false;

/** False in the server's HTML and until React runs in the browser: controls that need JavaScript render only then. */
export function useHydrated(): boolean {
  const [isHydrated, setHydrated] = useState(hydrated);
  useEffect(() => {
    hydrated = true;
    setHydrated(true);
  }, []);
  return isHydrated;
}
