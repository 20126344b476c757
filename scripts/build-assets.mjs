// Builds joinedup/static/dist/ from npm packages and assets/: the neutral-brand
// GOV.UK Frontend stylesheet, its JavaScript and images, htmx, and axe-core (tests).
import { cpSync, mkdirSync, copyFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

const out = "joinedup/static/dist";
mkdirSync(out, { recursive: true });
execFileSync("npx", ["sass", "--pkg-importer=node", "--no-source-map", "--style=compressed", "--quiet",
  "assets/scss/app.scss", `${out}/app.css`], { stdio: "inherit" });
copyFileSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk-frontend.min.js`);
copyFileSync("assets/js/app.js", `${out}/app.js`);
copyFileSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/htmx.min.js`);
copyFileSync("node_modules/axe-core/axe.min.js", `${out}/axe.min.js`);
// Images only: the GOV.UK fonts (GDS Transport) are reserved for gov.uk and not shipped.
cpSync("node_modules/govuk-frontend/dist/govuk/assets/images", `${out}/govuk/assets/images`, { recursive: true });
console.log(`assets built in ${out}`);
