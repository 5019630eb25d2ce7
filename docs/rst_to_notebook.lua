-- pandoc filter: the reST of a tutorial's text blocks as Markdown a
-- notebook shows (sphinx-gallery runs pandoc on each block; docs/conf.py).
--
-- * Sphinx roles (:func:, :doc:, :term:, :ref: ...) become links to the
--   pages of the built documentation; an lcdnet name, page, term or label
--   the documentation does not have stops the build.
-- * An admonition becomes a quoted block under its title in bold; a
--   dropdown (an exercise's solution) a folded <details> block.
-- * Headings: each block is converted alone, so its first heading style is
--   level 1; only the tutorial's title stays level 1, sections go one down.
--
-- The targets come from the Lua file named by LCDNET_NOTEBOOK_LINKS,
-- written by docs/notebook_links.py: "pages" (docname -> title), "objects"
-- (Python name -> page#anchor), "labels" (label -> page#anchor), "terms"
-- (glossary term -> anchor), "titles" (the tutorials' titles), "base"
-- (prefix of every link: the docs' root seen from a tutorial's page).

local targets = os.getenv("LCDNET_NOTEBOOK_LINKS")
if targets == nil then
  error("notebook: set LCDNET_NOTEBOOK_LINKS to the file of link targets")
end
local meta = dofile(targets)
local stringify = pandoc.utils.stringify

-- "text <target>" -> text, target; "target" -> nil, target
local function split_title(text)
  text = text:gsub("%s+", " ")
  local title, target = text:match("^(.-)%s*<([^<>]+)>$")
  if target then
    return title, target
  end
  return nil, text
end

local function link(text, url, code)
  local content = code and { pandoc.Code(text) } or pandoc.Inlines(text)
  return pandoc.Link(content, meta.base .. url)
end

local function python_object(text)
  local title, target = split_title(text)
  target = target:gsub("^!", "")
  local short = target:sub(1, 1) == "~"
  target = target:gsub("^~", "")
  local url = meta.objects[target]
  -- a name re-exported by a package: lcdnet.lab.lottery.f as lcdnet.lab.f
  local package, name = target:match("^(.*)[.][^.]+[.]([^.]+)$")
  while url == nil and package do
    url = meta.objects[package .. "." .. name]
    package = package:match("^(.*)[.][^.]+$")
  end
  local parent = target:match("^(.*)[.][^.]+$")
  if url == nil and parent and meta.objects[parent] then
    -- a method or attribute: on its class's page
    url = meta.objects[parent]:gsub("#.*$", "") .. "#" .. target
  end
  if url == nil then
    if target:match("^lcdnet[.]") or target:match("^lcdnet$") then
      error("notebook: no page documents " .. target)
    end
    return pandoc.Code(title or target)  -- outside lcdnet: plain code
  end
  local shown = title or (short and target:match("([^.]+)$")) or target
  return link(shown, url, title == nil)
end

local function page(text)
  local title, target = split_title(text)
  local docname = target:gsub("^/", "")
  if meta.pages[docname] == nil then
    -- a tutorial named relative to its folder: its file name is unique
    for name, _ in pairs(meta.pages) do
      if name:match("/" .. docname:gsub("%p", "%%%0") .. "$") then
        docname = name
      end
    end
  end
  if meta.pages[docname] == nil then
    error("notebook: no page " .. target)
  end
  return link(title or meta.pages[docname], docname .. ".html")
end

local function term(text)
  local title, target = split_title(text)
  local anchor = meta.terms[target:lower()]
  if anchor == nil then
    error("notebook: the glossary has no term " .. target)
  end
  return link(title or target, "glossary.html#" .. anchor)
end

local function label(text)
  local title, target = split_title(text)
  local url = meta.labels[target]
  if url == nil then
    error("notebook: no label " .. target)
  end
  return link(title or target, url)
end

local ROLES = {
  func = python_object, class = python_object, meth = python_object,
  data = python_object, attr = python_object, mod = python_object,
  obj = python_object, exc = python_object,
  doc = page, term = term, ref = label,
}

local function role(element)
  local name = element.attributes["role"]
  if name == nil then
    return nil
  end
  local convert = ROLES[name]
  if convert == nil then
    error("notebook: no Markdown for the role :" .. name .. ":")
  end
  return convert(element.text)
end

-- The first paragraph of an admonition or dropdown is its title.
local function title_and_body(div)
  local blocks = div.content
  local title = pandoc.List()
  if #blocks > 0 and (blocks[1].t == "Para" or blocks[1].t == "Plain") then
    title = blocks[1].content
    blocks = pandoc.List({ table.unpack(blocks, 2) })
  end
  return title, blocks
end

local function div(element)
  if element.classes:includes("admonition") then
    local title, body = title_and_body(element)
    local blocks = pandoc.List({ pandoc.Para({ pandoc.Strong(title) }) })
    blocks:extend(body)
    return pandoc.BlockQuote(blocks)
  end
  if element.classes:includes("dropdown") then
    local title, body = title_and_body(element)
    local summary = pandoc.write(pandoc.Pandoc({ pandoc.Plain(title) }), "html")
    local blocks = pandoc.List({
      pandoc.RawBlock("html", "<details><summary>" .. summary .. "</summary>"),
    })
    blocks:extend(body)
    blocks:insert(pandoc.RawBlock("html", "</details>"))
    return blocks
  end
  error("notebook: no Markdown for the directive ." .. table.concat(element.classes, "."))
end

local function header(element)
  local text = stringify(element.content)
  for _, title in pairs(meta.titles) do
    if title == text then
      element.level = 1
      return element
    end
  end
  element.level = element.level + 1
  return element
end

return {
  { Code = role, Div = div, Header = header },
}
