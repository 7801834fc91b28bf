import { createContext, useContext, useEffect } from "react";

/**
 * The name a page gives itself in the tab's title when no navigation item names it (Page not
 * found): the Shell titles the tab by the navigation item the address falls under, so an address
 * no page answers kept the last page's name ("Floor · tagteam" on /floor/old-link) or none.
 */
export const PageTitleContext = createContext<(name: string | null) => void>(() => undefined);

/**
 * Names the tab's title after this page while it is shown (the Shell adds the rest). Such a page is
 * outside the navigation, so no item of it is lit meanwhile.
 */
export function usePageTitle(name: string): void {
  const setName = useContext(PageTitleContext);
  useEffect(() => {
    setName(name);
    return () => setName(null);
  }, [setName, name]);
}
