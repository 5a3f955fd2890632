module idle

go 1.22
