// Entry point of the page: find the elements, start the app, publish the test hook.
import { App } from './app.ts';
import { findPage } from './page.ts';
import { exposeTestHook } from './test-hook.ts';
import './styles.css';

const app = new App(findPage());
exposeTestHook(app);
void app.start();
