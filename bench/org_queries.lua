-- org_queries.lua: a wrk script for bench/org_bench.sh, part d2. Each request asks the
-- directory for another combination of word, activity field (none or 1–20), area (none or
-- one of the demo's 8) and sort — always page 1, so every answer is a 200 — to measure
-- the query and the rendering of varied searches rather than one cached page.
words = {
  "%E7%A6%8F%E7%A5%89", -- 福祉
  "%E9%99%B6%E8%8A%B8", -- 陶芸
  "%E3%81%BE%E3%81%A1%E3%81%A5%E3%81%8F%E3%82%8A", -- まちづくり
  "%E5%AD%90%E3%81%A9%E3%82%82", -- 子ども
  "%E7%92%B0%E5%A2%83", -- 環境
  "%E9%AB%98%E9%BD%A2%E8%80%85", -- 高齢者
  "%E9%98%B2%E7%81%BD", -- 防災
  "%E5%9B%BD%E9%9A%9B", -- 国際
  "%E3%82%B9%E3%83%9D%E3%83%BC%E3%83%84", -- スポーツ
  "%E9%9F%B3%E6%A5%BD", -- 音楽
  "%E6%B8%85%E6%8E%83", -- 清掃
  "%E8%A6%8B%E5%AE%88%E3%82%8A", -- 見守り
  "%E9%A3%9F%E5%A0%82", -- 食堂
  "%E8%8A%B1", -- 花
  "%E8%AA%AD%E3%81%BF%E8%81%9E%E3%81%8B%E3%81%9B", -- 読み聞かせ
  "%E3%83%9C%E3%83%A9%E3%83%B3%E3%83%86%E3%82%A3%E3%82%A2", -- ボランティア
  "%E3%81%B5%E3%81%8F%E3%81%97", -- ふくし
  "%EF%BE%8F%EF%BE%81", -- ﾏﾁ
  "%E5%9C%B0%E5%9F%9F", -- 地域
  "%E5%AD%A6%E7%BF%92", -- 学習
}
sorts = { "kana", "new", "confirmed" }
counter = 0

request = function()
  counter = counter + 1
  local w = words[(counter % #words) + 1]
  local field = math.floor(counter / #words) % 21
  local sort = sorts[(math.floor(counter / (#words * 21)) % 3) + 1]
  local area = math.floor(counter / (#words * 63)) % 9
  local path = "/groups?q=" .. w .. "&sort=" .. sort
  if field > 0 then path = path .. "&field=" .. field end
  if area > 0 then path = path .. "&area=" .. area end
  return wrk.format("GET", path)
end
