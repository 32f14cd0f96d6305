import './styles.scss';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { prefetchFootprintPage } from './features/footprints/prefetch';
import { prefetchLinkFormFor } from './features/pulse/link-request';
import { I18nProvider, loadCatalogue, storedLanguage } from './i18n/i18n';
import { routes } from './routes';

prefetchLinkFormFor(window.location);

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 30_000 } } });
const router = createBrowserRouter(routes);
// A footprint's overview or heatmap opened directly: its reads and chunks start now, all at once.
// In the entry (about 2 kB gzipped: the query definitions), since a chunk of its own cost a round
// trip and its parse before the first read could start.
prefetchFootprintPage(window.location, queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </I18nProvider>
    </StrictMode>,
  );
// A reader who chose Welsh gets it from the first paint (its catalogue is a chunk of its own); English renders at once.
void loadCatalogue(storedLanguage()).then(render, render);
