module bigheap

go 1.22
