import { useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * After a navigation in the browser, the focus goes to the new page's heading, as a full
 * page load would start there, and a screen reader reads where the person now is. A
 * page that focused something itself (its first error) keeps that.
 */
export function useNewPageFocus() {
  const { key } = useLocation();
  const loaded = useRef(false);
  useEffect(() => {
    if (!loaded.current) {
      loaded.current = true;
      return;
    }
    if (document.activeElement && document.activeElement !== document.body) return;
    const heading = document.querySelector<HTMLElement>("main h1");
    heading?.setAttribute("tabindex", "-1");
    heading?.focus();
  }, [key]);
}
