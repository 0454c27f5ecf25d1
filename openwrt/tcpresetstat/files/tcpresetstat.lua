-- SPDX-License-Identifier: GPL-2.0
-- tcpresetstat: a collector for prometheus-node-exporter-lua, reading
-- /proc/tcpresetstat (its format: Documentation/counters.rst; the CLI's
-- parser: tools/proc.c).  The metrics are named as the CLI's --prometheus
-- names them (tools/prom.c), so prometheus/rules.yml and dashboards serve
-- both:
--
--   totals            tcpresetstat_<name>_total            counter
--   pressure          tcpresetstat_<name>                  gauge
--   table columns     tcpresetstat_<table>_<column>_total  counter
--   sampled columns   tcpresetstat_<table>_<column>        gauge
--
-- with the CLI's three renames: a counter in nanoseconds "_ns" becomes
-- "_seconds_total" (in seconds), a gauge in percent "_pct" becomes
-- "_ratio" (0 to 1), a gauge drops a trailing "_total".  Rows are labelled
-- by their key columns, the special rows by row="other" or row="ephemeral".
-- As the CLI's --prometheus by default, only the ports table: peers and
-- destinations are labelled by address, a series per peer.
--
-- The file is parsed whole before anything is printed: a malformed one
-- fails the scrape (node_scrape_collector_success 0) without half a
-- document.  So does a missing one: the module is not loaded.

local M = {
	proc = "/proc/tcpresetstat",
	tables = { ports = true },	-- or "all"
}

-- The version of the format this reads (TRS_PROC_FORMAT).
local FORMAT = "1"

-- Pressure values: the flat lines that are gauges (trs_pressure_cols).
local pressure = {
	tw_total = true, tw_ephemeral = true, port_range_lo = true,
	port_range_hi = true, ephemeral_ports = true, tw_reuse = true,
	max_tw_buckets = true,
}

-- Sampled table columns: gauges, in whichever table (TRS_GAUGE).
local gauges = {
	listen_backlog = true, listen_max = true, tw = true, estab = true,
	port_use_pct = true, near_exhaustion = true,
}

-- Key columns (the schemas' keys): true where "other" and "ephemeral"
-- name the row's kind rather than a key, false for names (reasons).
local keys = {
	port = true, addr = true, local_addr = true, remote_port = true,
	reason = false,
}

local function split(line)
	local t = {}
	for w in line:gmatch("%S+") do
		t[#t + 1] = w
	end
	return t
end

local function parse(text)
	local lines, n = {}, 0
	if text:sub(-1) ~= "\n" then
		text = text .. "\n"
	end
	for line in text:gmatch("([^\n]*)\n") do
		lines[#lines + 1] = line
	end
	local function next_line()
		n = n + 1
		return lines[n] and split(lines[n])
	end
	local function fail(why)
		error(M.proc .. ":" .. n .. ": " .. why, 0)
	end

	local t = next_line()
	if not t or t[1] ~= "version" or #t ~= 2 then
		fail('expected "version ' .. FORMAT .. '"')
	elseif t[2] ~= FORMAT then
		fail("unsupported format version " .. t[2] .. ", this collector reads " .. FORMAT)
	end
	local doc = { values = {}, tables = {} }
	t = next_line()
	while t do
		if t[1] == "table" then
			local rows = tonumber(t[3] and t[3]:match("^%d+$"))
			if #t ~= 3 or not rows then
				fail('expected "table NAME ROWS"')
			end
			local tbl = { name = t[2], rows = {} }
			tbl.cols = next_line()
			if not tbl.cols or #tbl.cols == 0 then
				fail("table " .. tbl.name .. ": missing header line")
			end
			-- The first column is a key, and each after it that is one.
			tbl.nkeys = 1
			while tbl.nkeys < #tbl.cols and keys[tbl.cols[tbl.nkeys + 1]] ~= nil do
				tbl.nkeys = tbl.nkeys + 1
			end
			for _ = 1, rows do
				local row = next_line()
				if not row or #row ~= #tbl.cols then
					fail("table " .. tbl.name .. ": row does not match the header")
				end
				for c = tbl.nkeys + 1, #row do
					if not row[c]:match("^%d+$") then
						fail("table " .. tbl.name .. ": invalid value " .. row[c])
					end
				end
				tbl.rows[#tbl.rows + 1] = row
			end
			doc.tables[#doc.tables + 1] = tbl
		elseif #doc.tables > 0 then
			fail('expected "table NAME ROWS"')
		elseif #t > 0 then
			if #t ~= 2 or not t[2]:match("^%d+$") then
				fail('expected "name value"')
			end
			doc.values[#doc.values + 1] = t
		end
		t = next_line()
	end
	return doc
end

-- The metric of @col (of table @tbl, or nil), and the factor to its unit.
local function metric_name(tbl, col, counter)
	local base, suffix, scale = (col:gsub("_total$", "")), counter and "_total" or "", 1
	if counter and base:match("_ns$") then
		base, suffix, scale = base:sub(1, -4), "_seconds_total", 1e-9
	elseif not counter and base:match("_pct$") then
		base, suffix, scale = base:sub(1, -5), "_ratio", 1e-2
	end
	return "tcpresetstat_" .. (tbl and tbl .. "_" or "") .. base .. suffix, scale
end

-- As the CLI prints it: nine decimals at most, no trailing zeros.
local function value(v, scale)
	if scale == 1 then
		return v
	end
	local s = string.format("%.9f", tonumber(v) * scale):gsub("0+$", ""):gsub("%.$", "")
	return s
end

local function label(v)
	return (v:gsub("[\\\"]", "\\%0"))
end

local function row_labels(tbl, row)
	local l = {}
	for c = 1, tbl.nkeys do
		local kind = keys[tbl.cols[c]] ~= false and (row[c] == "other" or row[c] == "ephemeral")
		if kind then
			return { row = row[c] }
		end
		l[tbl.cols[c]] = label(row[c])
	end
	return l
end

local function scrape()
	local f, err = io.open(M.proc, "r")
	if not f then
		error(err .. " (is kmod-tcpresetstat loaded?)", 0)
	end
	local text = f:read("*a")
	f:close()
	local doc = parse(text)
	-- A name is one value's only: one of a newer module that would make
	-- a name already printed is left out, as the CLI leaves it out.
	local owner = {}
	local function claim(name, who)
		owner[name] = owner[name] or who
		return owner[name] == who
	end

	for _, v in ipairs(doc.values) do
		local counter = not pressure[v[1]]
		local name, scale = metric_name(nil, v[1], counter)
		if claim(name, v[1]) then
			metric(name, counter and "counter" or "gauge", nil, value(v[2], scale))
		end
	end
	for _, tbl in ipairs(doc.tables) do
		if (M.tables == "all" or M.tables[tbl.name]) and #tbl.rows > 0 then
			for c = tbl.nkeys + 1, #tbl.cols do
				local col = tbl.cols[c]
				local counter = not gauges[col]
				local name, scale = metric_name(tbl.name, col, counter)
				if claim(name, tbl.name .. " " .. col) then
					local out = metric(name, counter and "counter" or "gauge")
					for _, row in ipairs(tbl.rows) do
						out(row_labels(tbl, row), value(row[c], scale))
					end
				end
			end
		end
	end
end

M.scrape = scrape
return M
