// EJS for Express, without the two costs it pays on every page (issue 9: a warm page costs no IMAP command, so
// Postern's own CPU is what is left). Profiles of the inbox page showed them:
// - Each template runs inside `with (locals) { ... }`, which V8 cannot optimize: every name the template reads is
//   looked up through the locals object at run time. Here a template is compiled without `with`, its locals
//   declared as plain variables (EJS's destructuredLocals) from the names the render actually passes, so it runs
//   as an ordinary function. A compiled template is kept per (file, set of local names); the sets are the code's
//   own (res.locals and view models), not the request's, so there are a handful per file.
// - Each include() asks the disk whether the partial exists (fs.existsSync, twice when a partial includes another)
//   and copies the compile options. Here an include's path is resolved once per (file, name) and the partial's
//   compiled function called directly: the template's `include` is a local of its own, which shadows the one EJS
//   passes (EJS declares destructured locals inside the try block that compileDebug wraps the template in).
// What a template sees is what EJS gives it: the parent's locals and the include's data (here the parent's object as
// the prototype of the include's, not a copy: same names, same values, and the parent's stay untouched);
// `locals` itself; a name that is not a local read from the globals, and `typeof name` of a missing local is
// 'undefined'. A template that declares a variable named like one of its locals (which `with` allows and plain
// variables do not) is compiled as EJS does, with `with`: correct, only slower.
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';

type Data = Record<string, unknown>;
type Include = (name: string, data?: Data) => string;
type Compiled = (data: Data) => string;
interface Shape {
  /** the names, comma-separated */
  key: string;
  names: string[];
  /** the shapes of includes from here, by the include data's names */
  children: Map<string, Shape>;
}

// Compiled functions per file and set of local names. A bound a little above what the views need, in case some
// code path passes locals named after data: past it the file's entries start again instead of growing.
const MAX_SHAPES_PER_FILE = 64;
const MAX_SHAPES = 256;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export type ViewEngine = (file: string, options: object, done: (err: unknown, html?: string) => void) => void;

export function ejsViews(): ViewEngine {
  const sources = new Map<string, string>();
  const compiled = new Map<string, Map<string, Compiled>>();
  const includes = new Map<string, string>();

  const source = (file: string) => {
    let text = sources.get(file);
    if (text === undefined) sources.set(file, (text = fs.readFileSync(file, 'utf8')));
    return text;
  };

  const compile = (file: string, names: string[]): Compiled => {
    // unsafePrototypeLocals: EJS then uses the data object as it is instead of copying it first. What the copy is
    // there to ensure holds anyway: the object is always our own, and its prototype chain (a parent template's data,
    // render below) ends in one made without a prototype, so nothing reaches Object.prototype.
    const common = { filename: file, compileDebug: true, strict: false, unsafePrototypeLocals: true };
    try {
      return ejs.compile(source(file), { ...common, _with: false, destructuredLocals: names });
    } catch (err) {
      // "Identifier 'x' has already been declared": the template declares a variable named like a local.
      if (!(err instanceof SyntaxError)) throw err;
      return ejs.compile(source(file), common);
    }
  };

  // The names a template's data holds, interned: a page's data has some forty (res.locals and the view model), and an
  // include adds a few of its own, so a child's set is found from its parent's and the include's keys.
  const shapes = new Map<string, Shape>();
  const shapeOf = (names: string[]): Shape => {
    const key = names.join(',');
    let shape = shapes.get(key);
    if (!shape) {
      if (shapes.size >= MAX_SHAPES) shapes.clear();
      shapes.set(key, (shape = { key, names, children: new Map() }));
    }
    return shape;
  };
  const childShape = (parent: Shape, extra: Data | undefined): Shape => {
    if (!extra) return parent;
    const added = Object.keys(extra).filter((n) => IDENTIFIER.test(n) && n !== 'locals');
    const key = added.join(',');
    let shape = parent.children.get(key);
    if (!shape) {
      if (parent.children.size >= MAX_SHAPES) parent.children.clear();
      parent.children.set(key, (shape = shapeOf([...parent.names, ...added.filter((n) => !parent.names.includes(n))])));
    }
    return shape;
  };

  const templateFor = (file: string, shape: Shape): Compiled => {
    let byShape = compiled.get(file);
    if (!byShape) compiled.set(file, (byShape = new Map()));
    let fn = byShape.get(shape.key);
    if (!fn) {
      if (byShape.size >= MAX_SHAPES_PER_FILE) byShape.clear();
      byShape.set(shape.key, (fn = compile(file, shape.names)));
    }
    return fn;
  };

  const resolve = (from: string, name: string): string => {
    const key = `${from}\0${name}`;
    let file = includes.get(key);
    if (file === undefined) {
      // As EJS: relative to the including file, with .ejs added when the name has no extension.
      file = path.resolve(path.dirname(from), path.extname(name) ? name : `${name}.ejs`);
      if (!fs.existsSync(file)) throw new Error(`Could not find the include file "${name}" from ${from}`);
      includes.set(key, file);
    }
    return file;
  };

  /**
   * `data` is the template's own object, which gets the template's `include`; an include's data inherits the
   * parent's (a prototype, not a copy of some forty names) and holds the include's own on top.
   */
  const render = (file: string, data: Data, shape: Shape): string => {
    data.include = ((name, extra) => {
      const child = Object.create(data) as Data;
      if (extra) Object.assign(child, extra);
      return render(resolve(file, name), child, childShape(shape, extra));
    }) satisfies Include;
    return templateFor(file, shape)(data);
  };

  return (file, options, done) => {
    let html: string;
    try {
      const data = Object.assign(Object.create(null) as Data, options);
      const names = Object.keys(data).filter((n) => IDENTIFIER.test(n) && n !== 'locals');
      if (!names.includes('include')) names.push('include');
      html = render(file, data, shapeOf(names));
    } catch (err) {
      done(err);
      return;
    }
    done(null, html);
  };
}
