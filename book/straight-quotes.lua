-- PDF only: a straight double quote prints as written (").
--
-- Markdown's escaped quote (\", how the book writes report text: analysis.book.present.escape_md)
-- reaches LaTeX as a bare ", and the fonts' TeX ligatures (fontspec's Ligatures=TeX, on for
-- the main and sans fonts) print a bare " as a closing quote (”). \textquotedbl{} is the
-- character itself. Quotes the Markdown pairs ("like this") are Quoted elements, not Str, and
-- keep their typographic marks in both formats; code is not Str either (a monospaced font has
-- no such ligature).

if not FORMAT:match("latex") then
  return {}
end

local QUOTE = pandoc.RawInline("latex", "\\textquotedbl{}")

function Str(el)
  local text = el.text
  if not text:find('"', 1, true) then
    return nil
  end
  local out = pandoc.List()
  local start = 1
  while true do
    local i = text:find('"', start, true)
    if i == nil then
      break
    end
    if i > start then
      out:insert(pandoc.Str(text:sub(start, i - 1)))
    end
    out:insert(QUOTE:clone())
    start = i + 1
  end
  if start <= #text then
    out:insert(pandoc.Str(text:sub(start)))
  end
  return out
end
