// A typedoc plugin of this repository (loaded by typedoc.json's "plugin"): a package README begins with the package's
// name as its own heading ("# @gen/core"), which would repeat the module page's title right under it. This drops
// that first heading from each module's readme, when it is the module's name, before the site is rendered.
import { ReflectionKind, RendererEvent } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.renderer.on(RendererEvent.BEGIN, (event) => {
    for (const module of event.project.getReflectionsByKind(ReflectionKind.Module)) {
      const first = module.readme?.[0];
      if (first?.kind !== 'text') continue;
      const heading = /^#[ \t]+(.+?)[ \t]*\r?\n+/.exec(first.text);
      if (heading?.[1] === module.name) first.text = first.text.slice(heading[0].length);
    }
  });
}
