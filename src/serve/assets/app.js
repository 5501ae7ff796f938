// zongjie serve: the page's behaviour. Plain script, no build step, no
// network beyond this server. All text from the server is inserted with
// textContent (never as markup), except the preview pages, which the server
// builds with every run of text escaped. Everything sits in one function:
// a top-level `var status` would be the browser's legacy window.status.
(function () {
"use strict";

function post(url, body) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  }).then(function (r) {
    return r.json().then(function (j) { j._status = r.status; return j; },
      function () { return { _status: r.status, error: "服务器没有正常回应（" + r.status + "）" }; });
  }, function () { return { _status: 0, error: "无法连接编辑器：zongjie serve 是否已停止？" }; });
}

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- sheet list ----------------------------------------------------------
var create = document.getElementById("create");
if (create) {
  create.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = new FormData(create), msg = document.getElementById("create-msg");
    msg.textContent = "正在新建……";
    post("/api/create", { file: f.get("file"), area: f.get("area"), year: f.get("year"), from: f.get("from") }).then(function (j) {
      if (j.sheet) { location.href = "/edit?sheet=" + encodeURIComponent(j.sheet); }
      else { msg.textContent = j.error || "新建失败"; msg.className = "msg bad"; }
    });
  });
}

var folder = document.getElementById("folder");
if (folder) {
  // Plan (which sheets, which clash), each sheet in turn with progress, then the roll-up.
  folder.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var period = new FormData(folder).get("period");
    var msg = document.getElementById("folder-msg"), list = document.getElementById("folder-files");
    var bar = document.getElementById("folder-progress");
    var files = [], problems = [];
    var link = function (f) {
      var a = el("a", "download", f);
      a.href = "/download?file=" + encodeURIComponent(f);
      a.setAttribute("download", f);
      list.appendChild(a);
    };
    msg.textContent = "正在检查……";
    msg.className = "msg";
    list.textContent = "";
    post("/api/folder", { period: period, only: "plan" }).then(function (p) {
      if (p.error) { msg.textContent = p.error; msg.className = "msg bad"; return; }
      problems = p.problems || [];
      var sheets = p.sheets || [], i = 0;
      bar.max = sheets.length + 1;
      bar.value = 0;
      bar.hidden = false;
      var next = function () {
        if (i < sheets.length) {
          msg.textContent = "正在生成第 " + (i + 1) + " 张，共 " + sheets.length + " 张：" + sheets[i];
          return post("/api/generate", { sheet: sheets[i], format: "txt,docx" }).then(function (j) {
            (j.files || []).forEach(function (f) { files.push(f); link(f); });
            if (j.error) problems.push(sheets[i] + "：" + j.error);
            else if (j.draft) problems.push(sheets[i] + " 生成的是草稿（" + j.left + "）");
            i++;
            bar.value = i;
            return next();
          });
        }
        msg.textContent = "正在汇总……";
        return post("/api/folder", { period: period, only: "rollup" }).then(function (j) {
          (j.files || []).forEach(function (f) { files.push(f); link(f); });
          problems = problems.concat(j.problems || []);
          if (j.error) problems.push(j.error);
          bar.value = bar.max;
          msg.textContent = "已生成 " + files.length + " 个文件" + (problems.length ? "；请注意：" + problems.join("；") : "");
          msg.className = problems.length ? "msg bad" : "msg ok";
        });
      };
      return next();
    });
  });
}

// A sheet in GBK: converted on request (the original is kept beside it).
var convert = document.getElementById("convert");
if (convert) {
  convert.addEventListener("click", function () {
    var msg = document.getElementById("convert-msg");
    msg.textContent = "正在转换……";
    post("/api/convert", { sheet: document.getElementById("unreadable").dataset.sheet }).then(function (j) {
      if (j.sheet) { location.href = "/edit?sheet=" + encodeURIComponent(j.sheet); }
      else { msg.textContent = j.error || "转换失败"; msg.className = "msg bad"; }
    });
  });
}

// ---- editor ----------------------------------------------------------------
var editor = document.getElementById("editor");
if (editor) {
  var form = document.getElementById("sheet");
  var sheet = editor.dataset.sheet;
  var version = editor.dataset.version;
  var status = document.getElementById("status");
  var dirty = false, timer = null, seq = 0;

  var fields = function () {
    var out = {};
    form.querySelectorAll("input[name], textarea[name], select[name]").forEach(function (i) {
      if (i.type !== "checkbox") { out[i.name] = i.value; return; }
      // Checkboxes: a yes/no field ("true" or empty), or several with one
      // name (villages): the ticked values, one per line.
      if (!(i.name in out)) out[i.name] = "";
      if (i.checked) out[i.name] = out[i.name] ? out[i.name] + "\n" + i.value : i.value;
    });
    return out;
  };
  var period = function () { return document.getElementById("period").value; };

  var clearMarks = function () {
    form.querySelectorAll(".msg").forEach(function (m) { m.textContent = ""; });
    form.querySelectorAll(".bad, .warn").forEach(function (m) { m.classList.remove("bad", "warn"); });
  };
  var fieldOf = function (name) {
    var found = null;
    form.querySelectorAll("[data-field]").forEach(function (l) { if (!found && l.dataset.field === name) found = l; });
    if (found) return found;
    form.querySelectorAll("[data-figure]").forEach(function (l) { if (!found && l.dataset.figure === name) found = l; });
    return found;
  };
  var mark = function (name, text, severity) {
    var f = fieldOf(name);
    if (!f) return false;
    var m = f.querySelector(".msg") || f.appendChild(el("span", "msg"));
    m.textContent = (m.textContent ? m.textContent + "；" : "") + text;
    f.classList.add(severity === "warning" ? "warn" : "bad");
    return true;
  };
  var showNotes = function (refused, notes) {
    clearMarks();
    var list = document.getElementById("findings");
    list.textContent = "";
    (refused || []).forEach(function (r) { if (!mark(r.name, r.message, "error")) list.appendChild(el("p", "bad", r.message)); });
    (notes || []).forEach(function (n) {
      if (!mark(n.name, n.message, n.severity)) list.appendChild(el("p", n.severity === "warning" ? "warn" : "bad", n.message));
    });
  };

  var refresh = function () {
    var mine = ++seq;
    post("/api/preview", { sheet: sheet, period: period(), fields: fields() }).then(function (j) {
      if (mine !== seq) return;
      if (j.error) { status.textContent = j.error; return; }
      var pv = document.getElementById("preview");
      showNotes(j.refused, j.notes);
      // An error stops the pages: the last good ones stay, greyed, under a
      // note saying why (the error itself is marked at its box).
      var stale = !j.html && pv.querySelector(".page") !== null;
      if (!stale) { pv.innerHTML = j.html; pv.dataset.pages = j.pages; }
      pv.classList.toggle("stale", stale);
      if (stale || !j.html) {
        var list = document.getElementById("findings");
        list.insertBefore(el("p", "stale-note", stale
          ? "预览停在上一次没有错误时的样子。改好标红的地方后，预览会接着更新。"
          : "这张表有错误，暂时无法预览。改好标红的地方后就会显示。"), list.firstChild);
      }
      pv.dataset.ms = j.ms;
    });
  };
  var edited = function (ev) {
    if (ev.target.closest && ev.target.closest("#custom-new")) return;
    dirty = true;
    status.textContent = "有未保存的修改";
    clearTimeout(timer);
    timer = setTimeout(refresh, 120);
  };
  form.addEventListener("input", edited);
  // Drop-downs and checkboxes: some browsers only send "change".
  form.addEventListener("change", function (ev) { if (ev.target.tagName === "SELECT" || ev.target.type === "checkbox") edited(ev); });
  document.getElementById("period").addEventListener("change", refresh);

  var save = function () {
    status.textContent = "正在保存……";
    return post("/api/save", { sheet: sheet, version: version, fields: fields() }).then(function (j) {
      if (j.ok) {
        version = j.version;
        dirty = false;
        status.textContent = j.changed ? "已保存" : "没有改动";
        status.className = "ok";
        return true;
      }
      status.textContent = j.error || "保存失败";
      status.className = "bad";
      if (j.refused) showNotes(j.refused, []);
      return false;
    });
  };
  document.getElementById("save").addEventListener("click", save);

  document.querySelectorAll("button.generate").forEach(function (b) {
    b.addEventListener("click", function () {
      var go = function () {
        status.textContent = "正在生成……";
        post("/api/generate", { sheet: sheet, format: b.dataset.format }).then(function (j) {
          var d = document.getElementById("downloads");
          d.textContent = "";
          (j.files || []).forEach(function (f) {
            var a = el("a", "download", f);
            a.href = "/download?file=" + encodeURIComponent(f);
            a.setAttribute("download", f);
            d.appendChild(a);
          });
          (j.kept || []).forEach(function (k) { d.appendChild(el("span", "warn", k)); });
          status.textContent = j.error ? j.error : (j.draft ? "已生成草稿（文件名和页眉标有“草稿”）：" + j.left + "，改好后再生成即为正式稿" : "已生成");
          status.className = j.error ? "bad" : "ok";
        });
      };
      if (dirty) { save().then(function (ok) { if (ok) go(); }); } else { go(); }
    });
  });

  // Add, remove, move list items: pending edits are saved first, then the
  // change is written and the form reloaded (the names of later items shift).
  form.querySelectorAll("button.op").forEach(function (b) {
    b.addEventListener("click", function () {
      if (b.dataset.op === "remove" && !window.confirm("确定删除这一项吗？")) return;
      var go = function () {
        post("/api/list", { sheet: sheet, version: version, list: b.dataset.list, op: b.dataset.op, index: Number(b.dataset.index) }).then(function (j) {
          if (j.ok) { dirty = false; location.reload(); }
          else { status.textContent = j.error || "没有改动"; status.className = "bad"; }
        });
      };
      if (dirty) { save().then(function (ok) { if (ok) go(); }); } else { go(); }
    });
  });

  // Custom figures: added (label, unit, kind) or removed, written at once.
  form.querySelectorAll("button.custom-op").forEach(function (b) {
    b.addEventListener("click", function () {
      var body = { sheet: sheet, version: version, op: b.dataset.op, key: b.dataset.key || "" };
      if (b.dataset.op === "remove" && !window.confirm("确定删除这个自定义指标吗？正文中引用它的地方也要改。")) return;
      document.querySelectorAll("#custom-new [data-new]").forEach(function (i) { body[i.dataset.new] = i.value; });
      var msg = document.getElementById("custom-msg");
      var go = function () {
        post("/api/custom", body).then(function (j) {
          if (j.ok) { dirty = false; location.reload(); }
          else { msg.textContent = j.error || "没有改动"; }
        });
      };
      if (dirty) { save().then(function (ok) { if (ok) go(); }); } else { go(); }
    });
  });

  // {指标}: insert at the cursor of the last text box used.
  var lastText = null;
  form.addEventListener("focusin", function (ev) { if (ev.target.tagName === "TEXTAREA") lastText = ev.target; });
  var insert = document.getElementById("insert-figure");
  insert.addEventListener("change", function () {
    var t = lastText, code = insert.value;
    insert.value = "";
    if (!t || !code) { status.textContent = "请先点一下要插入指标的文字框"; return; }
    var at = t.selectionStart || 0;
    t.value = t.value.slice(0, at) + code + t.value.slice(t.selectionEnd || at);
    t.focus();
    t.selectionStart = t.selectionEnd = at + code.length;
    t.dispatchEvent(new Event("input", { bubbles: true }));
  });

  window.addEventListener("beforeunload", function (ev) { if (dirty) { ev.preventDefault(); ev.returnValue = ""; } });
  refresh();
}
})();
