import { type ApplicationConfig, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';

import { routes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    // Zoneless: signals drive change detection, so zone.js is not shipped.
    provideZonelessChangeDetection(),
    // HttpClient is provided by the lazily loaded pages (pages.routes.ts), not here.
    provideRouter(routes, withComponentInputBinding()),
  ],
};
