-- Pandoc Lua filter (used by analysis.corpus.convert for .docx): every table becomes
-- tab-separated lines, one per row, the layout the reader parses. Cells spanning columns or
-- rows leave blank cells so columns stay aligned.
local function cell_text(cell)
  local parts = {}
  for _, block in ipairs(cell.contents) do
    table.insert(parts, pandoc.utils.stringify(block))
  end
  return (table.concat(parts, " "):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

function Table(tbl)
  local rows = {}
  for _, r in ipairs(tbl.head.rows) do table.insert(rows, r) end
  for _, body in ipairs(tbl.bodies) do
    for _, r in ipairs(body.head) do table.insert(rows, r) end
    for _, r in ipairs(body.body) do table.insert(rows, r) end
  end
  for _, r in ipairs(tbl.foot.rows) do table.insert(rows, r) end
  local pending, lines = {}, {}
  for _, row in ipairs(rows) do
    local out, col = {}, 1
    local function skip_covered()
      while (pending[col] or 0) > 0 do
        out[col] = ""
        pending[col] = pending[col] - 1
        col = col + 1
      end
    end
    for _, cell in ipairs(row.cells) do
      skip_covered()
      out[col] = cell_text(cell)
      for k = 0, cell.col_span - 1 do
        if k > 0 then out[col + k] = "" end
        pending[col + k] = cell.row_span - 1
      end
      col = col + cell.col_span
    end
    skip_covered()
    table.insert(lines, table.concat(out, "\t"))
  end
  return pandoc.RawBlock("plain", table.concat(lines, "\n"))
end

-- Images hold no text the reader can use; their placeholder or alt text would pass for report
-- text (an images-only document would read as "[]"), so they are dropped.
function Image(_)
  return {}
end
