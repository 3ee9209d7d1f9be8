// The SPARQL query page: run the editor's query against /sparql, show the rows, link IRIs to their pages.
// Plain JavaScript with no dependencies, so the page works offline.
(function () {
  "use strict";
  const app = document.getElementById("sparql-app");
  if (!app) return;
  const endpoint = app.dataset.endpoint;
  const base = app.dataset.baseIri || "";
  const prefixes = app.dataset.prefixes || "";
  const editor = document.getElementById("query");
  const form = document.getElementById("query-form");
  const runButton = document.getElementById("run");
  const status = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const downloads = document.getElementById("downloads");
  const results = document.getElementById("results");
  const formats = JSON.parse(document.getElementById("formats").textContent);
  const namespaces = [];
  prefixes.split("\n").forEach(function (line) {
    const match = /^PREFIX\s+([\w-]*):\s*<([^>]*)>/i.exec(line.trim());
    if (match) namespaces.push([match[1], match[2]]);
  });

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // An IRI under the graph's base IRI is an entity served by this app: link to it on this host.
  function href(iri) {
    if (base && iri.indexOf(base) === 0) return "/" + iri.slice(base.length);
    return iri;
  }

  function compact(iri) {
    if (base && iri.indexOf(base) === 0) return iri;
    for (const [prefix, namespace] of namespaces) {
      if (iri.indexOf(namespace) === 0 && /^[\w-]*$/.test(iri.slice(namespace.length))) {
        return prefix + ":" + iri.slice(namespace.length);
      }
    }
    return iri;
  }

  function termCell(term) {
    const cell = element("td");
    if (!term) return cell;
    if (term.type === "uri") {
      const link = element("a", { href: href(term.value), title: term.value }, compact(term.value));
      if (href(term.value) === term.value) link.className = "ext";
      cell.appendChild(link);
    } else if (term.type === "bnode") {
      cell.appendChild(element("span", { class: "bnode" }, "_:" + term.value));
    } else if (term.type === "literal" || term.type === "typed-literal") {
      cell.appendChild(document.createTextNode(term.value));
      if (term["xml:lang"]) cell.appendChild(element("span", { class: "lang" }, "@" + term["xml:lang"]));
      else if (term.datatype) cell.appendChild(element("span", { class: "datatype" }, compact(term.datatype)));
    } else {
      cell.textContent = JSON.stringify(term.value);
    }
    return cell;
  }

  function table(names, rows) {
    const grid = element("table", { class: "rows" });
    const head = grid.appendChild(element("thead")).appendChild(element("tr"));
    names.forEach(function (name) { head.appendChild(element("th", { scope: "col" }, name)); });
    const body = grid.appendChild(element("tbody"));
    rows.forEach(function (row) {
      const line = body.appendChild(element("tr"));
      names.forEach(function (name) { line.appendChild(termCell(row[name])); });
    });
    return grid;
  }

  // N-Triples, one triple per line, as the endpoint writes it for CONSTRUCT and DESCRIBE.
  const TERM = /\s*(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)/y;
  function unescapeLiteral(text) {
    return text.replace(/\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\(.)/g, function (_, u4, u8, c) {
      if (u4 || u8) return String.fromCodePoint(parseInt(u4 || u8, 16));
      return { t: "\t", n: "\n", r: "\r", b: "\b", f: "\f" }[c] || c;
    });
  }
  function parseTerm(token) {
    if (token[0] === "<") return { type: "uri", value: token.slice(1, -1) };
    if (token[0] === "_") return { type: "bnode", value: token.slice(2) };
    const end = token.lastIndexOf('"');
    const term = { type: "literal", value: unescapeLiteral(token.slice(1, end)) };
    const rest = token.slice(end + 1);
    if (rest[0] === "@") term["xml:lang"] = rest.slice(1);
    if (rest.indexOf("^^") === 0) term.datatype = rest.slice(3, -1);
    return term;
  }
  function parseNTriples(text) {
    const rows = [];
    text.split("\n").forEach(function (line) {
      if (!line.trim() || line.trim()[0] === "#") return;
      const terms = [];
      TERM.lastIndex = 0;
      let match;
      while (terms.length < 3 && (match = TERM.exec(line))) terms.push(parseTerm(match[1]));
      if (terms.length === 3) rows.push({ subject: terms[0], predicate: terms[1], object: terms[2] });
    });
    return rows;
  }

  function showError(code, message) {
    errorBox.replaceChildren();
    errorBox.hidden = false;
    errorBox.appendChild(element("strong", {}, code ? "Error " + code : "Error"));
    errorBox.appendChild(element("pre", {}, message));
    const position = /error at (\d+):(\d+)/.exec(message);
    if (position) {  // point at the parser's position in the editor, and show the line with a caret
      const line = Number(position[1]);
      const column = Number(position[2]);
      const lines = editor.value.split("\n");
      if (line <= lines.length) {
        errorBox.appendChild(element("pre", { class: "where" },
          "line " + line + ": " + lines[line - 1] + "\n" + " ".repeat(String(line).length + 7 + column - 1) + "^"));
        let offset = 0;
        for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
        editor.focus();
        editor.setSelectionRange(offset + column - 1, offset + column - 1);
      }
    }
  }

  function showDownloads(query, kind) {
    downloads.replaceChildren();
    downloads.appendChild(element("span", { class: "muted" }, "Download: "));
    formats[kind].forEach(function (entry) {
      const [name, mediaType, extension] = entry;
      const url = endpoint + "?" + new URLSearchParams({ query: query, format: name }).toString();
      downloads.appendChild(element("a", { href: url, download: "results." + extension, title: mediaType }, name));
    });
    downloads.hidden = false;
  }

  async function run() {
    const query = editor.value;
    runButton.disabled = true;
    errorBox.hidden = true;
    downloads.hidden = true;
    results.replaceChildren();
    status.textContent = "Running…";
    const started = performance.now();
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/sparql-results+json, application/n-triples;q=0.9",
        },
        body: new URLSearchParams({ query: query }),
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (!response.ok) {
        showError(response.status, await response.text());
        status.textContent = "";
        return;
      }
      const type = response.headers.get("Content-Type") || "";
      let count = 0;
      let truncated = response.headers.get("X-KG-Truncated") === "true";
      if (type.indexOf("application/sparql-results+json") === 0) {
        const data = await response.json();
        truncated = truncated || data.truncated === true;
        if (typeof data.boolean === "boolean") {
          results.appendChild(element("p", { class: "boolean" }, data.boolean ? "true" : "false"));
          count = 1;
        } else {
          count = data.results.bindings.length;
          results.appendChild(table(data.head.vars, data.results.bindings));
        }
        showDownloads(query, "results");
      } else {
        const rows = parseNTriples(await response.text());
        count = rows.length;
        results.appendChild(table(["subject", "predicate", "object"], rows));
        showDownloads(query, "rdf");
      }
      if (truncated) {
        const cap = response.headers.get("X-KG-Max-Rows");
        results.prepend(element("p", { class: "truncated" },
          "Only the first " + (cap || count) + " rows are shown: the endpoint caps results (--max-rows)."));
      }
      status.textContent = count + (count === 1 ? " row" : " rows") + " in " + seconds + " s";
    } catch (problem) {
      showError("", "The endpoint could not be reached: " + problem);
      status.textContent = "";
    } finally {
      runButton.disabled = false;
    }
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    } else if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
    }
  });
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      editor.value = prefixes + "\n\n" + button.dataset.query;
      run();
    });
  });
  if (app.dataset.autorun) run();
})();
