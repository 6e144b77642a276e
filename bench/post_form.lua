-- post_form.lua: wrk script for bench/durability_bench.sh. Every request is a POST of the
-- body in $BODY (urlencoded, from bench/form_body.py) with the marker @N@ replaced by a
-- number that differs from request to request, so every request writes; $COOKIE, when set,
-- is sent as the Cookie header (the session of the user who saves).
local body = os.getenv("BODY") or ""
local cookie = os.getenv("COOKIE")
local n = 0

function setup(thread)
	thread:set("first", math.random(1, 1000000000))
end

function request()
	n = n + 1
	local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
	if cookie and cookie ~= "" then
		headers["Cookie"] = cookie
	end
	local b = body:gsub("@N@", tostring((first or 0) + n))
	return wrk.format("POST", nil, headers, b)
end
